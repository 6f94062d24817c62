lint --kind dispute --notice ../corpus/notices/004-patent-utility-removal.eml ../bad/letter-patent-no-basis.txt

read --kb /nonexistent-kb ../../examples/notices/apex-invitation.txt

read ../bad/truncated-no-text.eml

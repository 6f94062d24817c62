read --lang fr ../../examples/notices/apex-invitation.txt

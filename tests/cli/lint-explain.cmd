lint --explain R23-too-long

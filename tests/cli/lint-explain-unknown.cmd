lint --explain R99-nothing

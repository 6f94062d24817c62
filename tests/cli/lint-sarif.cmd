lint --format sarif ../corpus/letters/048-counter-notice-on-trademark.txt

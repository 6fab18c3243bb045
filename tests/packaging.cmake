# Packaging and sanitizer-suite tests (filled in below).

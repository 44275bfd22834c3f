"""`python -m bench` (lo que corre `make bench`)."""

import sys

from bench.correr import main

sys.exit(main())

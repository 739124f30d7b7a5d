"""`python -m loyalty_demo_data`: same as the `loyalty-demo-data` command."""

from .cli import main

raise SystemExit(main())

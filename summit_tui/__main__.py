from summit_tui.cli import main

raise SystemExit(main())

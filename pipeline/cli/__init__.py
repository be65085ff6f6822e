"""The `newsevents` command line (typer + rich). Flows are imported inside commands, so that
`import pipeline` never imports Prefect."""

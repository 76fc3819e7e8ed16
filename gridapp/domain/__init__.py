"""Pure domain rules: the one clock ("today" in China), periods and month arithmetic, and other rules that need
neither the database nor Qt. Imports only `gridapp.core` and the standard library (import-linter), so the
services, the CLI and the UI may all import it directly."""

"""The HTTP service: the check API, the Telegram webhook and the try-it page (scamcheck serve)."""

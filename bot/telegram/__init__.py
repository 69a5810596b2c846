"""The Telegram face of the engine: handlers, the composition root, flood-safe sending."""

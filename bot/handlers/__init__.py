"""Telegram handlers, one module per place the bot is used; each handler is thin."""

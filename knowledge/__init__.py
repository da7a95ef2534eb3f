"""The bot's domain: articles in, facts out, stored and queried. Never imports Telegram."""

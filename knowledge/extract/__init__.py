"""Pure extraction: article text in, `ArticleFacts` out (no database, no Telegram)."""

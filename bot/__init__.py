"""A Telegram FAQ bot for the Korea–ASEAN smart city article: data in faq/, code here."""

"""Offline tools: the command line, training and its data cleaning, the ablation, the
leaderboard and report tables, the store README writer and corpus access. Nothing a
visitor's request touches (indictok/app/, backends/, loaded, analysis) imports them."""

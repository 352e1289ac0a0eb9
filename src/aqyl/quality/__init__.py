"""Data quality: the profiler, rules and scores of dataset versions (pure: no Django)."""

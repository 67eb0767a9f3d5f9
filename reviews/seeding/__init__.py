"""Large made-up data sets for measuring the app at national scale (`seed_national`)."""

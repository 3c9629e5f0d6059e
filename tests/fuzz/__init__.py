"""The hostile-input corpus and the runs that feed it to pactwatch."""

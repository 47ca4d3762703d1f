"""What every provider source shares: the retrying HTTP client and the record contract."""

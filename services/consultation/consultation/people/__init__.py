"""Who a caller is for this service: the account and the person behind it."""

"""systematization"""

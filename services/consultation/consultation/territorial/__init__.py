"""territorial"""

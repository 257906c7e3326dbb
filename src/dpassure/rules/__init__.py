"""The law and DP Assure's policies as pure Python: no Django import, ever.

Every rule takes the date (``today`` / ``on``) as an argument and names its source.
"""

TESTING = True
SECRET_KEY = "testing-only-key-not-secret"
WTF_CSRF_ENABLED = True  # tests that exercise CSRF keep it on; others send the token
SERVER_NAME = None
# Cheap hashing keeps the suite fast; the algorithm stays argon2id.
ARGON2_TIME_COST = 1
ARGON2_MEMORY_COST = 1024
ARGON2_PARALLELISM = 1

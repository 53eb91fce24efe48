"""Login, logout, registration and password change, with throttling and safe redirects."""

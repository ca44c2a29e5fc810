"""A static-site digest generator for news live blogs."""

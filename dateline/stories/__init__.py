"""Stories: the articles that are one story across outlets and days."""

import requests


def fetch(customer_id):
    return requests.get(f"https://features.internal/customers/{customer_id}", timeout=5, verify=True)

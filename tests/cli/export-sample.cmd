STORE=store-sample.json export

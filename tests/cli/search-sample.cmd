STORE=store-sample.json search NordaFit

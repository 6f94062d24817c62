STORE=store-sample.json case status 1 pending

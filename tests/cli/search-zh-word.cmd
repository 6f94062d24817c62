STORE=store-sample.json search 商标

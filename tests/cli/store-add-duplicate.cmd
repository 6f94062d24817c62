STORE=store-sample.json store add 'North Shop' --marketplace amazon.com

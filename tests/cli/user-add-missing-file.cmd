STORE=store-users.json user add zoe --role viewer --password-file no-such-file.txt

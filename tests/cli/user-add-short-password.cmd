STORE=store-users.json user add zoe --role viewer --store "North Shop" --password-file user-password-short.txt

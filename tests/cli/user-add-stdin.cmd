STORE=store-users.json user add ops@agency.example --role viewer --store "North Shop" --today 2026-11-28

user list

"""Anonymous counselling contacts (issue 5 item 5): sites, a 30-second entry form, monthly protected deliveries."""

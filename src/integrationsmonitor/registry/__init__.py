"""Registry: providers (Träger), their offers, projects and funding, language courses, counselling contacts,
and who may do what (roles)."""

"""A body's record kept as the state's records schedule asks: export a year, keep it six years."""

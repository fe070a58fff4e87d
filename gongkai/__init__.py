"""gongkai: the county government information disclosure platform."""

"""Engine plumbing: choosing and opening a model, the request queue, threads, stops, chat templates."""

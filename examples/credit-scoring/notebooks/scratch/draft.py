import pickle
model = pickle.load(open("m.pkl", "rb"))

"""The math of autoencoders: activations, losses, architectures, forward passes, backprop, penalties."""

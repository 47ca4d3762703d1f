"""The sandbox of the embedded default: provider emulators and a demo application that syncs from them."""

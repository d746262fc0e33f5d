"""Streamlit-side helpers of the app: widgets, charts and caching. The model lives in `simulator/`."""

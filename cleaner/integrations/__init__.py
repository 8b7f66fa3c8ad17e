"""Adapters that run ``cleaner`` inside existing distributed engines (optional extras).

``cleaner.integrations.ray_data`` needs ``pip install 'cleaner[ray]'``;
``cleaner.integrations.datatrove`` needs ``pip install 'cleaner[datatrove]'``.
"""

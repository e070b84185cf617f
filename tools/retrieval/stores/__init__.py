"""Vector store backends, one file each: faiss_store.py (default), milvus_store.py."""

"""Vector store backends, one file each (faiss here; milvus arrives with issue 10)."""

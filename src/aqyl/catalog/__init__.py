"""The dataset catalog: datasets owned by organisations, their versions in the lake, access
levels and requests, the dataset card, SQL, downloads and standard exports."""

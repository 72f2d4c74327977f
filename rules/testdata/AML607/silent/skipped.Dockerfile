# check=skip=JSONArgsRecommended
FROM python:3.12-slim
CMD python score.py
